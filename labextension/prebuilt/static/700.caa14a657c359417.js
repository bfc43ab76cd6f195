"use strict";(self.rspackChunkjupyter_docker_magics=self.rspackChunkjupyter_docker_magics||[]).push([[700],{646(e,r,o){var n=o(601),t=o.n(n),a=o(314),i=(o.n(a))()(t());i.push([e.id,`/* The Docker sidebar (src/panel.ts) and Dockerfile colours (src/dockerfile.ts). */

.jp-DockerPanel {
  display: flex;
  flex-direction: column;
  overflow-y: auto;
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
  padding: 0 8px 8px;
}

.jp-DockerPanel-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
}

.jp-DockerPanel-header h2 {
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  text-transform: uppercase;
  letter-spacing: 1px;
  margin: 8px 0;
}

.jp-DockerPanel-refresh {
  background: none;
  border: none;
  cursor: pointer;
  padding: 2px 4px;
}

.jp-DockerPanel.jp-mod-loading .jp-DockerPanel-refresh {
  opacity: 0.4;
}

.jp-DockerPanel-message {
  padding: 6px 8px;
  margin-bottom: 6px;
  border-left: 3px solid var(--jp-warn-color1);
  background: var(--jp-layout-color2);
}

.jp-DockerPanel-section h3 {
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  margin: 10px 0 4px;
  color: var(--jp-ui-font-color2);
}

.jp-DockerPanel-section ul {
  list-style: none;
  margin: 0;
  padding: 0;
}

.jp-DockerPanel-container,
.jp-DockerPanel-image {
  padding: 5px 0;
  border-bottom: 1px solid var(--jp-border-color2);
}

.jp-DockerPanel-image {
  display: flex;
  justify-content: space-between;
  gap: 8px;
}

.jp-DockerPanel-row {
  display: flex;
  align-items: center;
  gap: 6px;
}

.jp-DockerPanel-name {
  font-family: var(--jp-code-font-family);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-size,
.jp-DockerPanel-info,
.jp-DockerPanel-empty,
.jp-DockerPanel-footer {
  color: var(--jp-ui-font-color2);
  font-size: var(--jp-ui-font-size0);
}

.jp-DockerPanel-size {
  white-space: nowrap;
}

.jp-DockerPanel-info {
  margin: 2px 0 4px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-footer {
  margin-top: 8px;
}

.jp-DockerPanel-badge {
  border-radius: 8px;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size0);
  color: white;
  background: var(--jp-layout-color4);
}

.jp-DockerPanel-badge.jp-mod-running {
  background: var(--jp-success-color1);
}

.jp-DockerPanel-badge.jp-mod-paused,
.jp-DockerPanel-badge.jp-mod-restarting {
  background: var(--jp-warn-color1);
}

.jp-DockerPanel-badge.jp-mod-created {
  background: var(--jp-info-color1);
}

.jp-DockerPanel-badge.jp-mod-dead,
.jp-DockerPanel-badge.jp-mod-removing {
  background: var(--jp-error-color1);
}

.jp-DockerPanel-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
}

.jp-DockerPanel-action.jp-mod-styled {
  font-size: var(--jp-ui-font-size0);
  height: 20px;
  line-height: 18px;
  padding: 0 7px;
  cursor: pointer;
}

/* The notebook's own Python colours are inner spans: colour them too. */
.cm-editor .jp-DockerfileKeyword,
.cm-editor .jp-DockerfileKeyword * {
  color: var(--jp-mirror-editor-keyword-color) !important;
  font-weight: bold;
}

.cm-editor .jp-DockerfileComment,
.cm-editor .jp-DockerfileComment * {
  color: var(--jp-mirror-editor-comment-color) !important;
  font-style: italic;
}

.cm-editor .jp-DockerfileVariable,
.cm-editor .jp-DockerfileVariable * {
  color: var(--jp-mirror-editor-variable-2-color) !important;
}
`,""]),o.d(r,{},{A:i})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var o="",n=void 0!==r[5];return r[4]&&(o+="@supports (".concat(r[4],") {")),r[2]&&(o+="@media ".concat(r[2]," {")),n&&(o+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),o+=e(r),n&&(o+="}"),r[2]&&(o+="}"),r[4]&&(o+="}"),o}).join("")},r.i=function(e,o,n,t,a){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(n)for(var c=0;c<this.length;c++){var p=this[c][0];null!=p&&(i[p]=!0)}for(var l=0;l<e.length;l++){var s=[].concat(e[l]);n&&i[s[0]]||(void 0!==a&&(void 0===s[5]||(s[1]="@layer".concat(s[5].length>0?" ".concat(s[5]):""," {").concat(s[1],"}")),s[5]=a),o&&(s[2]&&(s[1]="@media ".concat(s[2]," {").concat(s[1],"}")),s[2]=o),t&&(s[4]?(s[1]="@supports (".concat(s[4],") {").concat(s[1],"}"),s[4]=t):s[4]="".concat(t)),r.push(s))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function o(e){for(var o=-1,n=0;n<r.length;n++)if(r[n].identifier===e){o=n;break}return o}function n(e,n){for(var t={},a=[],i=0;i<e.length;i++){var c=e[i],p=n.base?c[0]+n.base:c[0],l=t[p]||0,s="".concat(p," ").concat(l);t[p]=l+1;var d=o(s),u={css:c[1],media:c[2],sourceMap:c[3],supports:c[4],layer:c[5]};if(-1!==d)r[d].references++,r[d].updater(u);else{var f=function(e,r){var o=r.domAPI(r);return o.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&o.update(e=r):o.remove()}}(u,n);n.byIndex=i,r.splice(i,0,{identifier:s,updater:f,references:1})}a.push(s)}return a}e.exports=function(e,t){var a=n(e=e||[],t=t||{});return function(e){e=e||[];for(var i=0;i<a.length;i++){var c=o(a[i]);r[c].references--}for(var p=n(e,t),l=0;l<a.length;l++){var s=o(a[l]);0===r[s].references&&(r[s].updater(),r.splice(s,1))}a=p}}},659(e){var r={};e.exports=function(e,o){var n=function(e){if(void 0===r[e]){var o=document.querySelector(e);if(window.HTMLIFrameElement&&o instanceof window.HTMLIFrameElement)try{o=o.contentDocument.head}catch(e){o=null}r[e]=o}return r[e]}(e);if(!n)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");n.appendChild(o)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,o){e.exports=function(e){var r=o.nc;r&&e.setAttribute("nonce",r)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(o){var n,t,a;n="",o.supports&&(n+="@supports (".concat(o.supports,") {")),o.media&&(n+="@media ".concat(o.media," {")),(t=void 0!==o.layer)&&(n+="@layer".concat(o.layer.length>0?" ".concat(o.layer):""," {")),n+=o.css,t&&(n+="}"),o.media&&(n+="}"),o.supports&&(n+="}"),(a=o.sourceMap)&&"u">typeof btoa&&(n+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(a))))," */")),e.styleTagTransform(n,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},959(e,r,o){var n=o(72),t=o.n(n),a=o(206),i=o.n(a),c=o(659),p=o.n(c),l=o(56),s=o.n(l),d=o(540),u=o.n(d),f=o(113),m=o.n(f),j=o(646),v={};v.styleTagTransform=m(),v.setAttributes=s(),v.insert=p().bind(null,"head"),v.domAPI=i(),v.insertStyleElement=u(),t()(j.A,v),j.A&&j.A.locals&&j.A.locals}}]);