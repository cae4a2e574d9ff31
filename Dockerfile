# The built site/ served by nginx with exactly deploy/nginx/ (build the site first: make site).
#   docker build -t report-site . && docker run -p 8080:80 report-site
#   docker build --build-arg PREFIX=/report/ -t report-site .   # under a sub-path
# Stage 1 fills in the configuration with the same wrapper as make preview-production and the tests
# (generator/hosting/nginx.py: listen port, prefix, the 404 page for that prefix). Stage 2 is the official
# nginx image. Its nginx has no Brotli module (neither has nginx:alpine), so the wrapper leaves
# brotli_static out and gzip_static sends the .gz files; put a CDN that speaks Brotli in front, or use
# an nginx build with ngx_brotli, to send the .br files too.
FROM python:3.12-slim AS config
ARG PREFIX=/
RUN pip install --no-cache-dir brotli==1.2.1
WORKDIR /src
COPY generator/ generator/
COPY deploy/ deploy/
COPY site/ /usr/share/nginx/html/
RUN python -m generator.hosting.nginx render --site /usr/share/nginx/html --prefix "$PREFIX" --listen 80 \
        --runtime /etc/nginx/report --access-log /dev/stdout

FROM nginx:1.27-bookworm
COPY site/ /usr/share/nginx/html/
COPY --from=config /etc/nginx/report/ /etc/nginx/report/
EXPOSE 80
CMD ["nginx", "-p", "/etc/nginx/report", "-c", "/etc/nginx/report/nginx.conf", "-g", "daemon off;"]
